import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Last line of defence: a broken view shows a message and a way back, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn('view crashed', error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner error" role="alert" data-testid="banner">
        <p>
          Something went wrong while drawing this lab: {this.state.error.message}. Your settings are in the link;{' '}
          <button onClick={() => this.setState({ error: null })}>try again</button> or{' '}
          <button onClick={() => { location.hash = ''; location.reload(); }}>reset to defaults</button>.
        </p>
      </div>
    );
  }
}
