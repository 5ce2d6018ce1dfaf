import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorState } from './states';

/**
 * Catches a page that throws while rendering, or a lazy page whose chunk failed to load (say, after
 * a deploy), and shows an error state with a reload instead of a blank screen.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page error', error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey?: string }) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) {
      return <ErrorState testId="page-error" error={this.state.error} onRetry={() => window.location.reload()} />;
    }
    return this.props.children;
  }
}
