import Link from 'next/link';

// Requests outside any locale (the proxy redirects most of them) end here.
export default function RootNotFound() {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>404</h1>
          <p>
            <Link href="/">Management Console</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
