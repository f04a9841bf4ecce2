/**
 * A token bucket allowing `rate` operations a second (bursts up to `rate`),
 * for rate-limited publishing.
 *
 * @public
 */
export class TokenBucket {
  #tokens: number;
  #last = Date.now();
  constructor(private readonly rate: number) {
    this.#tokens = Math.min(rate, 1);
  }
  async take() {
    for (;;) {
      const now = Date.now();
      this.#tokens = Math.min(
        this.rate,
        this.#tokens + ((now - this.#last) / 1000) * this.rate,
      );
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.#tokens) / this.rate) * 1000));
    }
  }
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
