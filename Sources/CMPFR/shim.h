// GMP and MPFR for the Reference target (apt: libgmp-dev libmpfr-dev). Only MPFRValue touches mpfr_t.
#include <gmp.h>
#include <mpfr.h>
