int arr[4];
void clear(void)
{
    asm("movq $0, %0\n\tmovq $0, 8+%0" : "=m"(arr));
}
