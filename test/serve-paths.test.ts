// The preview server's path and host checks, as pure functions (the server tests send the same over sockets).
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, withClient } from '../src/serve/http.js';
import { contentTypeOf, isMedia, parseRequestPath } from '../src/serve/paths.js';

describe('parseRequestPath', () => {
  it('splits and decodes a plain path, keeping whether it names a folder', () => {
    expect(parseRequestPath('/talk/')).toEqual({ ok: true, segments: ['talk'], directory: true });
    expect(parseRequestPath('/')).toEqual({ ok: true, segments: [], directory: true });
    expect(parseRequestPath('/%ED%95%9C%EA%B5%AD/cover%20photo.png?v=2#x')).toEqual({ ok: true, segments: ['한국', 'cover photo.png'], directory: false });
  });

  it.each([
    '/..', '/../x', '/a/../b', '/a/./b', '/%2e%2e/x', '/%2E%2e/x', '/.%2e/x', '/a%2f..%2fb', '/a%5cb', '/a%00b', '//etc/passwd',
    '/%2fetc%2fpasswd', '/%zz', 'http://host/x', '*', '/C:/Windows/win.ini',
  ])('refuses %s with 400', (target) => {
    expect(parseRequestPath(target)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('isLoopbackHost', () => {
  it.each([['localhost:8080', true], ['127.0.0.1:1', true], ['[::1]:80', true], ['app.localhost', true], ['LOCALHOST', true], [undefined, true],
    ['evil.example', false], ['127.0.0.1.evil.example', false], ['192.0.2.2:8080', false], ['[::2]:80', false]] as const)('%s -> %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('content types and injection', () => {
  it('names the types a deck needs and sends anything else as bytes', () => {
    expect(['a.html', 'a.css', 'a.js', 'a.svg', 'a.woff2', 'a.JPG', 'a.md', 'a'].map(contentTypeOf)).toEqual([
      'text/html; charset=utf-8', 'text/css; charset=utf-8', 'text/javascript; charset=utf-8', 'image/svg+xml', 'font/woff2', 'image/jpeg',
      'application/octet-stream', 'application/octet-stream',
    ]);
  });

  it('serves only media from an article folder, never its text or hidden files', () => {
    expect(['cover.png', 'clip.mp4', 'talk.md', 'notes.txt', '.secret.png', 'config.json'].map(isMedia)).toEqual([true, true, false, false, false, false]);
  });

  it('adds the live-reload script before the last </body>, or at the end', () => {
    expect(withClient('<p>"</body>"</p></body></html>', 3)).toBe('<p>"</body>"</p><script src="/__briefdeck/live.js" data-version="3"></script>\n</body></html>');
    expect(withClient('<p>x</p>')).toBe('<p>x</p>\n<script src="/__briefdeck/live.js"></script>\n');
  });
});
