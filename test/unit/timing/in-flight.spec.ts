import { InFlight } from '../../../src/timing/in-flight';

/** Whether `promise` has settled once pending callbacks have run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((done) => setImmediate(done));
  return settled;
}

describe('InFlight', () => {
  it('counts each begin until its end', () => {
    const inFlight = new InFlight();
    expect(inFlight.size).toBe(0);
    const endA = inFlight.begin();
    const endB = inFlight.begin();
    expect(inFlight.size).toBe(2);
    endA();
    expect(inFlight.size).toBe(1);
    endB();
    expect(inFlight.size).toBe(0);
  });

  it('the function begin returns is idempotent: only its first call counts', () => {
    const inFlight = new InFlight();
    const endA = inFlight.begin();
    inFlight.begin();
    endA();
    endA();
    endA();
    expect(inFlight.size).toBe(1);
  });

  it('idle resolves at once when nothing is in progress', async () => {
    expect(await hasSettled(new InFlight().idle())).toBe(true);
  });

  it('idle resolves at once again after everything ended', async () => {
    const inFlight = new InFlight();
    inFlight.begin()();
    expect(await hasSettled(inFlight.idle())).toBe(true);
  });

  it('idle waits while work is in progress, and resolves when the count returns to zero', async () => {
    const inFlight = new InFlight();
    const endA = inFlight.begin();
    const endB = inFlight.begin();
    const first = inFlight.idle();
    const second = inFlight.idle();
    expect(await hasSettled(first)).toBe(false);

    endA();
    expect(await hasSettled(first)).toBe(false);
    // A repeated end of A must not be mistaken for the end of B.
    endA();
    expect(await hasSettled(first)).toBe(false);

    endB();
    expect(await hasSettled(first)).toBe(true);
    expect(await hasSettled(second)).toBe(true);
  });

  it('an idle waiter is woken once; a later idle waits for the work begun since', async () => {
    const inFlight = new InFlight();
    const end = inFlight.begin();
    const before = inFlight.idle();
    end();
    expect(await hasSettled(before)).toBe(true);

    const endNext = inFlight.begin();
    const after = inFlight.idle();
    expect(await hasSettled(after)).toBe(false);
    endNext();
    expect(await hasSettled(after)).toBe(true);
  });

  it('separate counters do not share their work', async () => {
    const calls = new InFlight();
    const requests = new InFlight();
    calls.begin();
    expect(requests.size).toBe(0);
    expect(await hasSettled(requests.idle())).toBe(true);
    expect(await hasSettled(calls.idle())).toBe(false);
  });
});
