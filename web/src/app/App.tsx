import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AnnouncerProvider } from '../components/ui/Announcer.tsx';
import { ErrorState, Loading } from '../components/ui/states.tsx';
import { isUnauthorized } from '../lib/http.ts';
import { ReviewsPage } from '../features/reviews/components/ReviewsPage.tsx';
import { Layout } from './Layout.tsx';
import { useMe } from './session.ts';
import { loadReviewPage } from './prefetch.ts';
import { SignInPage } from './SignInPage.tsx';

// The progress page carries the log panel and markdown; settings and health are visited rarely.
const ReviewPage = lazy(loadReviewPage);
const SettingsPage = lazy(() => import('../features/settings/components/SettingsPage.tsx'));
const DeliveriesPage = lazy(() => import('../features/settings/components/DeliveriesPage.tsx'));
const DemoReceiverPage = lazy(() => import('../features/alerts/components/DemoReceiverPage.tsx'));
const HealthPage = lazy(() => import('../features/health/components/HealthPage.tsx'));

export function App() {
  const me = useMe();
  if (me.isPending) return <Loading what="your session" />;
  if (me.error) {
    if (isUnauthorized(me.error)) return <SignInPage reason={me.error.message} />;
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  return (
    <AnnouncerProvider>
      <Layout>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route path="/" element={<Navigate to="/reviews" replace />} />
            <Route path="/reviews" element={<ReviewsPage />} />
            <Route path="/reviews/:id" element={<ReviewPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/settings/webhooks/:id/deliveries" element={<DeliveriesPage />} />
            <Route path="/health" element={<HealthPage />} />
            <Route path="/demo/alert-receiver" element={<DemoReceiverPage />} />
            <Route path="/sign-in" element={<Navigate to="/reviews" replace />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </Layout>
    </AnnouncerProvider>
  );
}

function NotFound() {
  return (
    <div className="state state-empty">
      <p className="state-title">This page does not exist.</p>
      <a href="/reviews">Go to the reviews list</a>
    </div>
  );
}
