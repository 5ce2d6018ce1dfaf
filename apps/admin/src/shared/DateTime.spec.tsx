import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../app/i18n';
import { DateTime, formatDateTime } from './DateTime';

describe('DateTime', () => {
  it("formats a timestamptz in the given or the user's time zone", () => {
    expect(formatDateTime('2026-11-24T16:05:00Z', { timeZone: 'Asia/Shanghai' })).toBe('2026-11-25 00:05');
    expect(formatDateTime('2026-11-24T16:05:09+08:00', { timeZone: 'UTC', seconds: true })).toBe('2026-11-24 08:05:09');
    expect(formatDateTime('2026-03-08T10:30:00Z', { timeZone: 'America/New_York' })).toBe('2026-03-08 06:30');
    expect(formatDateTime('not a date')).toBeNull();
  });

  it('renders a <time> with the ISO value and zone on hover', () => {
    initI18n('en');
    render(<DateTime value="2026-11-24T16:05:00Z" timeZone="Asia/Shanghai" testId="t" />);
    const el = screen.getByTestId('t');
    expect(el.textContent).toBe('2026-11-25 00:05');
    expect(el.getAttribute('datetime')).toBe('2026-11-24T16:05:00Z');
    expect(el.getAttribute('title')).toContain('Asia/Shanghai');
  });
});
