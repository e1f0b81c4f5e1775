int f(void) { int r; asm("" : "=@ccg"(r) : "s"(8)); return r; }
