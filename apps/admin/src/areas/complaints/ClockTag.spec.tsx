import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/harness';
import { ClockTag } from './ClockTag';

describe('<ClockTag>', () => {
  it('shows working days left, the due day and its basis', () => {
    renderWithApp(<ClockTag testId="c" clock={{ basis: 'WORKING', dueOn: '2026-10-16', daysRemaining: 4, late: false, approximate: false }} />, { language: 'zh-CN' });
    expect(screen.getByTestId('c').textContent).toContain('剩余 4 个工作日');
    expect(screen.getByTestId('c').textContent).toContain('2026-10-16 到期（工作日）');
  });

  it('says how late an open complaint is, and whether a decided one was in time', () => {
    const { unmount } = renderWithApp(<ClockTag testId="c" clock={{ basis: 'CALENDAR', dueOn: '2026-10-13', daysRemaining: -2, late: true, approximate: true }} />, { language: 'en' });
    expect(screen.getByTestId('c').textContent).toContain('2 days late');
    expect(screen.getByTestId('c').textContent).toContain('≈');
    unmount();
    renderWithApp(<ClockTag testId="c" clock={{ basis: 'CALENDAR', dueOn: '2026-10-13', daysRemaining: null, late: false, approximate: false }} />, { language: 'en' });
    expect(screen.getByTestId('c').textContent).toContain('Decided in time');
  });
});
