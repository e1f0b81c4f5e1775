/* warn: unsupported size for integer register */
int arr[4];
void f(void)
{
    asm("# %0" : "=r"(arr));
}
