/* stdnoreturn.h for chibicc */
#ifndef __EXASM_CHIBICC_STDNORETURN_H
#define __EXASM_CHIBICC_STDNORETURN_H
#define noreturn _Noreturn
#endif
