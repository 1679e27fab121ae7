import HaloConnector
import HaloSIDMap

extension SIDResolver: EventClassifier {}
