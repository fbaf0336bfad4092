// Stable, unique slide ids from titles.
import GithubSlugger from 'github-slugger';

/** Returns a function that gives each title a unique slug (`intro`, `intro-1`, …); reserved ids are never handed out. */
export function createIds(reserved: string[]): (title: string | undefined, fallback: string) => string {
  const slugger = new GithubSlugger();
  for (const id of reserved) slugger.slug(id);
  return (title, fallback) => slugger.slug(title && title.trim() ? title : fallback) || slugger.slug(fallback);
}
