#ifndef NEURASCORE_CBLAS_SHIM_H
#define NEURASCORE_CBLAS_SHIM_H
#include <cblas.h>
#endif
