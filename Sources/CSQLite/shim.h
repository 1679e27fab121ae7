// The system libsqlite3, for the SID table (HaloSIDMap's SQLiteConnection).
#include <sqlite3.h>
