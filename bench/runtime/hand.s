# Hand-written thunks for hand.c: the best ABI a thunk can have.
	.text
	.globl hand_mix
	.type hand_mix, @function
hand_mix:
	movq %rdi, %rax
	xorq %rsi, %rax
	rolq $13, %rax
	ret
	.size hand_mix, .-hand_mix

	.globl hand_mul
	.type hand_mul, @function
hand_mul:
	movq %rdi, %rax
	mulq %rsi
	ret
	.size hand_mul, .-hand_mul

	.globl hand_add_carry
	.type hand_add_carry, @function
hand_add_carry:
	movq %rdi, %rax
	addq %rsi, %rax
	setc %dl
	movzbl %dl, %edx
	ret
	.size hand_add_carry, .-hand_add_carry

	.globl hand_fetch_add
	.type hand_fetch_add, @function
hand_fetch_add:
	movq %rdi, %rax
	lock xaddq %rax, (%rsi)
	ret
	.size hand_fetch_add, .-hand_fetch_add
	.section .note.GNU-stack,"",@progbits
