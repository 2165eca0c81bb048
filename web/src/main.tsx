import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

// Print every "numbers" table, not only the open ones.
const opened: HTMLDetailsElement[] = [];
window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('details:not([open])')) {
    const el = d as HTMLDetailsElement;
    el.open = true;
    opened.push(el);
  }
});
window.addEventListener('afterprint', () => {
  for (const d of opened.splice(0)) d.open = false;
});

render(<App />, document.getElementById('app') as HTMLElement);
