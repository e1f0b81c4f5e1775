__asm(".pushsection .note.exasm,\"a\"\n.long 0\n.popsection");
