// What the bundle gives pdf-lib for its `pako` import. pdf-lib calls only `pako.deflate(bytes)`, to compress the
// object streams and the streams it writes when a PDF is saved; Node's zlib does that in native code, two to three
// times as fast as pako's JavaScript (a seed PDF's save: 22-44 ms rather than 53-113), and any PDF reader inflates
// either alike. scripts/bundle.mjs swaps it in for pdf-lib's imports only (JSZip, in the PowerPoint export, uses more
// of pako), so the compiled library, which is not bundled, still runs pdf-lib with pako.
import { deflateSync } from 'node:zlib';

export default {
  deflate(data) {
    const deflated = deflateSync(data);
    return new Uint8Array(deflated.buffer, deflated.byteOffset, deflated.byteLength);
  },
};
