// The one error type of the discrete-event kernel. The kernel imports nothing of the product, so it
// cannot reuse the product's error classes; callers recognise kernel misuse by this class.
export class KernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelError';
  }
}
