import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageText } from "./message-text.tsx";

const members = [
  { id: "u1", displayName: "Dana Doctor" },
  { id: "u2", displayName: "Rosa Reception" },
];

function render(body: string, meId: string | null = null): string {
  return renderToStaticMarkup(createElement(MessageText, { body, members, meId }));
}

describe("a message body on screen", () => {
  it("shows markup as text, never as HTML", () => {
    const html = render("<script>alert(1)</script> <img src=x onerror=alert(2)> <b>bold</b>");
    expect(html).toBe("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &lt;b&gt;bold&lt;/b&gt;");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
  });

  it("links http, https, www and mailto, opening in a new tab without the opener or a referrer", () => {
    const html = render("See https://example.com/a?b=1&c=2, www.example.org and mailto:desk@example.com");
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">https://example.com/a?b=1&amp;c=2</a>');
    expect(html).toContain('<a href="http://www.example.org/" rel="noopener noreferrer nofollow" target="_blank">www.example.org</a>');
    expect(html).toContain('<a href="mailto:desk@example.com" rel="noopener noreferrer nofollow" target="_blank">mailto:desk@example.com</a>');
  });

  it("does not link javascript:, data: or ftp: URLs, nor bare names that only look like domains", () => {
    const html = render("javascript:alert(1) JaVaScRiPt:alert(document.cookie) data:text/html,<b>x</b> ftp://files.example.com example.com");
    expect(html).not.toContain("<a");
    expect(html).toContain("javascript:alert(1)");
  });

  it("keeps quotes in a link inside its href, so they cannot add attributes", () => {
    const html = render('http://x.example.org/"onmouseover="alert(1)');
    expect(html).toMatch(/^<a href="[^"]*" rel="noopener noreferrer nofollow" target="_blank">/);
    expect(html).toContain('href="http://x.example.org/%22onmouseover=%22alert(1)"');
  });

  it("highlights mentions of members, the reader's own more strongly", () => {
    const html = render("@Dana Doctor please call @Rosa Reception, not @Nobody", "u2");
    expect(html).toBe('<mark class="mention">@Dana Doctor</mark> please call <mark class="mention mention-me">@Rosa Reception</mark>, not @Nobody');
  });

  it("keeps mentions and links apart in one message", () => {
    const html = render("@Dana Doctor: https://example.com/@Dana");
    expect(html).toBe('<mark class="mention">@Dana Doctor</mark>: <a href="https://example.com/@Dana" rel="noopener noreferrer nofollow" target="_blank">https://example.com/@Dana</a>');
  });
});
