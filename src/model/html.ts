// HTML text escaping and URL checks, shared by every stage that writes or reads HTML by hand.

/** Returns text with the five HTML special characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

/** Returns true for a URL a browser would run as script: `javascript:`, `vbscript:` or a non-image `data:`, whitespace and control characters ignored. */
export function isScriptUrl(value: string): boolean {
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();
  return /^(javascript|vbscript):/.test(compact) || (compact.startsWith('data:') && !/^data:image\/(png|jpe?g|gif|webp|avif);/.test(compact));
}

/** Returns a URL part percent-decoded, or as written when it is not valid percent-encoding (`100%.png`). */
export function decodeUrlPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
