// The system SQLite (Debian: libsqlite3-dev; pkg-config: sqlite3).
// Only DataSources' SQLite reader imports this module, with `internal import`.
#include <sqlite3.h>
