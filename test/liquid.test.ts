// Blog markup that is not Markdown: Liquid tags and kramdown attribute lists never reach a slide raw.
import { describe, expect, it } from 'vitest';
import { cleanMarkup } from '../src/load/liquid.js';

describe('Liquid and kramdown cleanup', () => {
  it('turns a highlight tag into a fenced code block, keeping line numbers', () => {
    const { text, warnings } = cleanMarkup('Intro\n\n{% highlight ruby linenos %}\nputs "hi" {{ not liquid }}\n{% endhighlight %}\n', 'a.md');
    expect(text).toBe('Intro\n\n```ruby\nputs "hi" {{ not liquid }}\n```\n');
    expect(warnings).toEqual([]);
  });

  it('replaces relative_url and absolute_url filters by the path', () => {
    const { text } = cleanMarkup('![Foo]({{ "/assets/a.jpg" | absolute_url }}) and [b]({{ \'/b/\' | relative_url }})', 'a.md');
    expect(text).toBe('![Foo](/assets/a.jpg) and [b](/b/)');
  });

  it('drops other tags and outputs with a warning naming file and line', () => {
    const { text, warnings } = cleanMarkup('one\n{% include toc %}\nSite: {{ site.title }}!\n', 'posts/x.md');
    expect(text).toBe('one\n\nSite: !\n');
    expect(warnings).toEqual(['posts/x.md:2: dropped Liquid tag {% include toc %}', 'posts/x.md:3: dropped Liquid output {{ site.title }}']);
  });

  it('keeps raw blocks verbatim without their tags, also inside code fences', () => {
    const { text, warnings } = cleanMarkup('```html\n{% raw %}<a href="{{ x }}">{% if y %}{% endraw %}\n```\n\n{% raw %}{{ shown }}{% endraw %}\n', 'a.md');
    expect(text).toBe('```html\n<a href="{{ x }}">{% if y %}\n```\n\n{{ shown }}\n');
    expect(warnings).toEqual([]);
  });

  it('removes raw tags inside inline code and highlight blocks (Liquid runs before Markdown)', () => {
    const { text } = cleanMarkup("Jekyll's `{% raw %}{% highlight %}{% endraw %}` tag.\n\n{% highlight html %}\n{% raw %}<a>{{ x }}</a>{% endraw %}\n{% endhighlight %}\n", 'a.md');
    expect(text).toBe("Jekyll's `{% highlight %}` tag.\n\n```html\n<a>{{ x }}</a>\n```\n");
  });

  it('removes kramdown attribute lists but not inside inline code or code blocks', () => {
    const { text } = cleanMarkup('Para.\n{: .notice}\n\n[Button](#){: .btn .btn--primary}\n\nUse the `{: .notice}` class.\n\n{:toc}\n\n```\n{: kept}\n```\n', 'a.md');
    expect(text).toBe('Para.\n\n\n[Button](#)\n\nUse the `{: .notice}` class.\n\n\n\n```\n{: kept}\n```\n');
  });
});
