/** Bad input from the user: the CLI prints the message and exits 2 (never a stack trace). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
