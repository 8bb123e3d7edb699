import { Writable } from 'node:stream';

/** A stream a CLI command writes to in a test, and what it has written so far. */
export function captureOutput(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}
