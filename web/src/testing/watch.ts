/**
 * A list a test can wait on: `until(check)` resolves as soon as `check` holds after a push (or at
 * once if it holds already). Tests await what the code does instead of sleeping.
 */
export class Watched<T> {
  readonly items: T[] = [];
  private waiters: { check: (items: T[]) => boolean; resolve: () => void }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.check(this.items)) return true;
      waiter.resolve();
      return false;
    });
  };

  get last(): T | undefined {
    return this.items[this.items.length - 1];
  }

  until(check: (items: T[]) => boolean): Promise<void> {
    if (check(this.items)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }
}
