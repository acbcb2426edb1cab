/**
 * Pages kept out of the first download: a module fetched once as its own chunk (again after
 * a failed fetch), with a loading line until it arrives and an error if it cannot.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

/** A loader that fetches `importer`'s module once and shares it; a failure lets the next call try again. */
export function chunk<M>(importer: () => Promise<M>): () => Promise<M> {
  let pending: Promise<M> | null = null;
  return () =>
    (pending ??= importer().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
}

/** Renders `render(module)` once `load` has brought the module. */
export function LazyChunk<M>({ load, render }: { load: () => Promise<M>; render: (module: M) => ComponentChildren }) {
  // The loader is kept with its module, so switching to another chunk never renders the old one.
  const [loaded, setLoaded] = useState<{ load: () => Promise<M>; module: M } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    setFailed(false);
    load().then(
      (module) => current && setLoaded({ load, module }),
      () => current && setFailed(true),
    );
    return () => void (current = false);
  }, [load]);
  if (failed) return <p role="alert" class="error">{t('error.NETWORK')}</p>;
  if (!loaded || loaded.load !== load) return <p aria-busy="true">{t('common.loading')}</p>;
  return <>{render(loaded.module)}</>;
}
