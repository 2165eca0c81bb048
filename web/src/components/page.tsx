import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { navigationCount } from '../router.tsx';

/**
 * A page's heading and title. After an in-app navigation the heading takes the focus, so keyboard
 * and screen-reader users start at the new page's top (on the first load the focus is left alone).
 */
export function PageHeading({
  title,
  forceName,
  children,
}: {
  title: string;
  forceName?: string | null;
  children?: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = [title, forceName, 'Beatwise'].filter(Boolean).join(' – ');
  }, [title, forceName]);
  useEffect(() => {
    if (navigationCount() > 0) h1.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div class="page-heading">
      <h1 tabIndex={-1} ref={h1}>
        {title}
        {forceName && <span class="h1-force"> · {forceName}</span>}
      </h1>
      {children}
    </div>
  );
}
