import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * A screen whose code could not be loaded (the console server went away before its chunk was
 * fetched) says so and offers to try again, instead of blanking the whole window.
 */
export class ScreenBoundary extends Component<{ children: ReactNode; screen: string }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidUpdate(previous: { screen: string }): void {
    if (previous.screen !== this.props.screen && this.state.failed) this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="error-panel" role="alert">
        <p>This screen could not be opened: its code did not load. The console server may have stopped; once it is back, try again.</p>
        <button type="button" onClick={() => this.setState({ failed: false })}>
          Try again
        </button>
      </div>
    );
  }
}
