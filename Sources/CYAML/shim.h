// The system libyaml (Debian: libyaml-dev; pkg-config: yaml-0.1).
// Only StudySpec's YAML composer imports this module, with `internal import`.
#include <yaml.h>
