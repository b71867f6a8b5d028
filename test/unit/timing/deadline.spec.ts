import { withDeadline } from '../../../src/timing/deadline';

/** A promise with its settle functions, for settling it when the test says so. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks and Node's unhandled-rejection check run (setImmediate is not faked). */
function turnEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

describe('withDeadline', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('when the promise settles first', () => {
    it('resolves with its value, and onTimeout is never called', async () => {
      const work = deferred<string>();
      const onTimeout = jest.fn(() => 'late');
      const raced = withDeadline(work.promise, 1_000, onTimeout);
      jest.advanceTimersByTime(999);
      work.resolve('done');
      await expect(raced).resolves.toBe('done');
      jest.advanceTimersByTime(10_000);
      expect(onTimeout).not.toHaveBeenCalled();
    });

    it('rejects with its error, not with onTimeout’s', async () => {
      const failure = new Error('backend down');
      const onTimeout = jest.fn(() => {
        throw new Error('timed out');
      });
      const raced = withDeadline(Promise.reject(failure), 1_000, onTimeout);
      await expect(raced).rejects.toBe(failure);
      jest.advanceTimersByTime(1_000);
      expect(onTimeout).not.toHaveBeenCalled();
    });

    it('clears its timer as soon as the promise settles', async () => {
      const work = deferred<number>();
      const raced = withDeadline(work.promise, 60_000, () => 0);
      expect(jest.getTimerCount()).toBe(1);
      work.resolve(7);
      await raced;
      expect(jest.getTimerCount()).toBe(0);
    });

    it('clears its timer when the promise rejects too', async () => {
      const work = deferred<number>();
      const raced = withDeadline(work.promise, 60_000, () => 0);
      work.reject(new Error('no'));
      await expect(raced).rejects.toThrow('no');
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('when the deadline passes first', () => {
    it('resolves with what onTimeout returns, exactly at ms and not before', async () => {
      const work = deferred<string>();
      const onTimeout = jest.fn(() => 'fallback');
      const raced = withDeadline(work.promise, 500, onTimeout);
      const settled = jest.fn();
      void raced.then(settled, settled);

      jest.advanceTimersByTime(499);
      await turnEventLoop();
      expect(onTimeout).not.toHaveBeenCalled();
      expect(settled).not.toHaveBeenCalled();

      jest.advanceTimersByTime(1);
      await expect(raced).resolves.toBe('fallback');
      expect(onTimeout).toHaveBeenCalledTimes(1);
      // The promise winning later changes nothing.
      work.resolve('too late');
      await expect(raced).resolves.toBe('fallback');
    });

    it('rejects with what onTimeout throws, as it is', async () => {
      const thrown = { code: 'ETIMEDOUT' }; // not even an Error: passed on unchanged
      const raced = withDeadline(new Promise<never>(() => undefined), 100, () => {
        throw thrown;
      });
      jest.advanceTimersByTime(100);
      await expect(raced).rejects.toBe(thrown);
    });

    it('leaves no timer behind', async () => {
      const raced = withDeadline(new Promise<never>(() => undefined), 100, () => 'x');
      jest.advanceTimersByTime(100);
      await raced;
      expect(jest.getTimerCount()).toBe(0);
    });

    it('observes a losing promise that rejects later: no unhandled rejection', async () => {
      // Jest fails the running test with any rejection left unhandled (an unobserved
      // `Promise.reject` here fails this test), so the late failure below must be observed.
      const work = deferred<string>();
      const raced = withDeadline(work.promise, 100, () => 'fallback');
      jest.advanceTimersByTime(100);
      await expect(raced).resolves.toBe('fallback');
      work.reject(new Error('late failure'));
      await turnEventLoop();
      await turnEventLoop();
      await expect(raced).resolves.toBe('fallback');
    });

    it('observes a promise that was already rejected when the deadline began', async () => {
      const raced = withDeadline(Promise.reject(new Error('already failed')), 100, () => 'fallback');
      await expect(raced).rejects.toThrow('already failed');
      await turnEventLoop();
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('the unref option', () => {
    function timerOf(run: () => void): NodeJS.Timeout {
      const spy = jest.spyOn(global, 'setTimeout');
      run();
      expect(spy).toHaveBeenCalledTimes(1);
      return spy.mock.results[0]!.value as NodeJS.Timeout;
    }

    it('by default the pending timer holds the process', () => {
      const timer = timerOf(() => void withDeadline(new Promise<never>(() => undefined), 1_000, () => 'x'));
      expect(timer.hasRef()).toBe(true);
    });

    it('with unref: true the pending timer does not hold the process, and still fires', async () => {
      let raced!: Promise<string>;
      const timer = timerOf(() => {
        raced = withDeadline(new Promise<never>(() => undefined), 1_000, () => 'x', { unref: true });
      });
      expect(timer.hasRef()).toBe(false);
      jest.advanceTimersByTime(1_000);
      await expect(raced).resolves.toBe('x');
    });
  });
});
