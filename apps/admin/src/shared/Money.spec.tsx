import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { changeLanguage } from '../app/i18n';
import { renderWithApp } from '../test/harness';
import { Money } from './Money';

describe('<Money>', () => {
  it('formats in the current language and shows the exact value on hover', async () => {
    renderWithApp(<Money amount="98765.4" currency="USD" testId="m" />, { language: 'zh-CN' });
    const el = screen.getByTestId('m');
    expect(el.textContent).toBe('US$98,765.40');
    expect(el.getAttribute('title')).toBe('98765.4 USD');
    await act(() => changeLanguage('en'));
    expect(screen.getByTestId('m').textContent).toBe('$98,765.40');
  });

  it('shows a dash for a missing amount', () => {
    renderWithApp(<Money amount={null} currency="CNY" testId="m" />);
    expect(screen.getByTestId('m').textContent).toBe('—');
  });
});
