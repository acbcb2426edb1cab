/** CSV quoting and formula guards, HTML escaping and self-containment, per locale. */
import { describe, expect, it } from 'vitest';
import { csvField, reportTables, toCsv } from '../../../control-plane/reports/csv.ts';
import { renderHtml } from '../../../control-plane/reports/html.ts';
import { barChart, escapeHtml } from '../../../control-plane/reports/svg.ts';
import { sampleReport } from './sample-report.ts';

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=1,2', `"'=1,2"`],
    [-5, '-5'],
    [0.25, '0.25'],
    [null, ''],
  ])('writes %j as %j', (cell, expected) => {
    expect(csvField(cell)).toBe(expected);
  });

  it('ends every record with CRLF, header first', () => {
    expect(toCsv({ header: ['a', 'b'], rows: [[1, 'x']] })).toBe('a,b\r\n1,x\r\n');
  });

  it('has a table for each section and as many rows as the report has items', () => {
    const tables = reportTables(sampleReport());
    expect(tables.incidents.rows).toHaveLength(1);
    expect(tables.availability.rows[0][1]).toBe('<img src=x onerror=alert(1)>');
    expect(toCsv(tables['host-changes'])).toContain("'=HYPERLINK");
  });
});

describe('HTML', () => {
  it('escapes every text from data and loads nothing from outside', () => {
    const html = renderHtml(sampleReport());
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;');
    expect(html).not.toMatch(/<script|<iframe|<link|<img|@import|url\(|<[^>]+\s(src|href)=/i);
  });

  it('prints on A4 and draws charts as inline SVG', () => {
    const html = renderHtml(sampleReport());
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('@media print');
    expect(html).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart"/);
  });

  it.each([
    ['zh-CN', '服务报告', '可用性', '约 30 天后写满'],
    ['en', 'Service report', 'Availability', 'full in about 30 days'],
  ] as const)('renders in %s', (locale, title, heading, recommendation) => {
    const html = renderHtml(sampleReport(), locale);
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain(title);
    expect(html).toContain(heading);
    expect(html).toContain(recommendation);
  });

  it('shows instants in the report zone and categories in the report language', () => {
    const html = renderHtml(sampleReport(), 'zh-CN');
    // 2026-03-13T08:00Z is 16:00 in Asia/Shanghai.
    expect(html).toContain('<td>2026-03-13 16:00</td>');
    expect(html).toContain('>容量</text>');
  });

  it('lists failed patches and moved slots with their reasons', () => {
    const html = renderHtml(sampleReport(), 'en');
    expect(html).toContain('Patches that failed or rolled back');
    expect(html).toContain('<td>2026-04-18 23:00</td><td>erp-db</td><td>failed</td>');
    expect(html).toContain('<td>ops &lt;b&gt;capacity&lt;/b&gt;</td>');
  });

  it('escapes quotes and ampersands for attributes as well as text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('scales bars to the given maximum and draws nothing for no data', () => {
    expect(barChart([])).toBe('');
    const svg = barChart([{ label: 'half', value: 50 }], { max: 100, width: 640 });
    // Plot width 640 - 200 - 70 = 370; half of it is 185.
    expect(svg).toContain('width="185.0"');
  });
});

