import type { PageProps } from '../../app.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Link } from '../../router.tsx';

export default function NotFoundPage({ route }: PageProps) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        Beatwise has no page at <code>{route.path}</code>. Start from the <Link href="/">list of forces</Link>
        .
      </p>
    </>
  );
}
