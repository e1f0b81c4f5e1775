__asm__(".section .rodata\n.Lmsg: .string \"hi\"\n.text");
