// The system zlib, for halo-sim's gzip answers.
#include <zlib.h>
