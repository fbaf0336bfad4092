// briefdeck's own version (cheap: no other module is loaded).
export { packageVersion } from '../model/package.js';
