import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What to show in place of the children once they threw. */
  fallback: (error: unknown) => ReactNode;
  /** A change of this value (the page's path) clears the error: navigating away retries. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
  resetKey: string | undefined;
}

/**
 * A page that throws while rendering shows a calm French message instead of a blank screen.
 * (No library: the public pages use it too, and they load nothing they do not need.)
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { error: null, failed: false, resetKey: props.resetKey };
    return null;
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.state.error) : this.props.children;
  }
}
