/* xsave.h: NT_X86_XSAVE_LAYOUT, the note that tells a reader where each
 * XSAVE feature lies in the NT_X86_XSTATE sets of an x86_64 core */
#ifndef X86_XSAVE_H
#define X86_XSAVE_H

#include <stddef.h>

#ifndef NT_X86_XSAVE_LAYOUT
#define NT_X86_XSAVE_LAYOUT 0x205
#endif

long x86_xsave_layout(const void *xstate, size_t len, void *out, size_t cap);

#endif
