// The system PostgreSQL client library (Debian: libpq-dev; pkg-config: libpq).
// Only DataSources' PostgreSQL connection imports this module, with `internal import`.
#include <libpq-fe.h>
