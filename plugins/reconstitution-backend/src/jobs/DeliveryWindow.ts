/** Where the confirmed prefix of a job's delivery has reached. */
export class DeliveryWindow {
  private readonly slots: Array<{ position: string; confirmed: boolean }> = [];
  private head = 0;
  private waiters: Array<() => void> = [];
  position?: string;
  confirmed: number;
  inFlight = 0;

  constructor(position: string | undefined, confirmed: number) {
    this.position = position;
    this.confirmed = confirmed;
  }

  add(position: string) {
    this.slots.push({ position, confirmed: false });
    this.inFlight++;
    return this.slots[this.slots.length - 1];
  }

  confirm(slot: { confirmed: boolean }) {
    slot.confirmed = true;
    this.settle();
    // Confirms usually arrive in order: advance over the confirmed prefix.
    while (this.head < this.slots.length && this.slots[this.head].confirmed) {
      this.position = this.slots[this.head].position;
      this.confirmed++;
      this.head++;
    }
    if (this.head > 4096) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
  }

  /** A publish ended without a confirm: the prefix stops before it. */
  settle() {
    this.inFlight--;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async roomFor(limit: number) {
    while (this.inFlight >= limit) {
      await new Promise<void>(resolve => this.waiters.push(resolve));
    }
  }

  async drained() {
    await this.roomFor(1);
  }
}
