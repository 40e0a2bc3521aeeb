import { StrictMode, lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api/client';
import { useApiKey } from './auth';
import { useLiveChanges } from './live';
import { Layout } from './components/layout';
import { CampaignPage } from './pages/campaign';
import { CampaignsPage } from './pages/campaigns';
import { CandidatePage } from './pages/candidate';
import { CandidatesPage } from './pages/candidates';
import { DeliveriesPage } from './pages/deliveries';
import { InterviewsPage } from './pages/interviews';
import { NotFoundPage } from './pages/not-found';
import { SignInPage } from './pages/sign-in';
import { Loading } from './components/states';
import './styles.css';

// The chart library is most of the bundle: loaded with the Analytics page only.
const AnalyticsPage = lazy(() => import('./pages/analytics').then((m) => ({ default: m.AnalyticsPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a lost connection or a 503 may.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      // Changes arrive through the change stream (live.ts); coming back to the tab is a safety refetch.
      refetchOnWindowFocus: true,
    },
  },
});

function App() {
  const key = useApiKey();
  useLiveChanges(key, queryClient);
  if (!key) {
    queryClient.clear();
    return <SignInPage />;
  }
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<CandidatesPage />} />
        <Route path="candidates/:id" element={<CandidatePage />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route path="campaigns/:id" element={<CampaignPage />} />
        <Route path="interviews" element={<InterviewsPage />} />
        <Route path="deliveries" element={<DeliveriesPage />} />
        <Route
          path="analytics"
          element={
            <Suspense fallback={<Loading what="analytics" />}>
              <AnalyticsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
