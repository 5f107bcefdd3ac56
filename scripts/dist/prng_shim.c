/* A test fixture for `make dist-test`, never shipped: Wine 8 has no
 * bcryptprimitives.dll, and Go's Windows runtime will not start without its
 * ProcessPrng. This one answers from RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. Copied into the test prefix's system32,
 * where Go's runtime looks for it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
