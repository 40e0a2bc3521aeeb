import { Component, type ReactNode } from 'react';

/** A page that fails to render says so in words, with a way back, instead of going blank. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="state error" role="alert">
        This page could not be shown. <a href="/">Go back to the candidates</a> or reload the page.
      </div>
    );
  }
}
