import HaloEventsCommand

/// `halo-events`: the command of `HaloEventsCommand`, run from cron on the OSSIM sensor.
@main extension HaloEventsCommand {}
