// A run's browser closes as soon as no deck can need it again: every deck started, none using it, none to be tried again.
import { describe, expect, it } from 'vitest';
import { browserUsers } from '../src/build/users.js';

describe('when a run no longer needs its browser', () => {
  it('is once every deck has started and each said it is done, told once', () => {
    let idle = 0;
    const users = browserUsers(3, () => idle++);
    users.start(0);
    users.start(1);
    users.done(0);
    users.done(1);
    // The third deck has not started yet: it may still print.
    expect(idle).toBe(0);
    users.start(2);
    expect(idle).toBe(0);
    users.done(2);
    expect(idle).toBe(1);
    // A deck tells again when it ends (after saying it printed): still once.
    users.done(2);
    expect(idle).toBe(1);
  });

  it('waits for a deck that started last and still prints, whatever order the others end in', () => {
    let idle = 0;
    const users = browserUsers(2, () => idle++);
    users.start(0);
    users.start(1);
    users.done(1);
    expect(idle).toBe(0);
    users.done(0);
    expect(idle).toBe(1);
  });

  it('never comes while a deck that crashed the browser is to be tried again (the run closes the browser at its end)', () => {
    let idle = 0;
    const users = browserUsers(2, () => idle++);
    users.start(0);
    users.start(1);
    users.crashed(0);
    users.done(0);
    users.done(1);
    expect(idle).toBe(0);
  });
});
