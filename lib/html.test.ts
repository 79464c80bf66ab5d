import { describe, expect, it } from "vitest";
import { escapeHtml, htmlString, safeHtml } from "./html";

describe("safeHtml templates", () => {
  it("escape every interpolated text, in content and in double-quoted attributes", () => {
    const name = `<img src=x onerror="alert('1')">&`;
    const escaped = "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;";
    expect(htmlString(safeHtml`<a title="${name}">${name}</a>`)).toBe(`<a title="${escaped}">${escaped}</a>`);
    expect(escapeHtml("王*明 · VIP")).toBe("王*明 · VIP");
  });

  it("nest templates without escaping them twice, join lists, and leave out nothing", () => {
    const items = ["a&b", "c"].map((text) => safeHtml`<li>${text}</li>`);
    expect(htmlString(safeHtml`<ul>${items}${null}${undefined}${false}</ul>`)).toBe(
      "<ul><li>a&amp;b</li><li>c</li></ul>",
    );
    expect(htmlString(safeHtml`<p style="top:${40}px">${0}</p>`)).toBe('<p style="top:40px">0</p>');
  });

  it("a string that looks like markup is still text", () => {
    expect(htmlString(safeHtml`<p>${"<b>bold</b>"}</p>`)).toBe("<p>&lt;b&gt;bold&lt;/b&gt;</p>");
  });
});
