// Command ${{ values.name }} serves the ${{ values.name }} HTTP API.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
{% if values.messaging %}
	"${{ values.host }}/${{ values.org }}/${{ values.repo }}/internal/messaging"
{%- endif %}
	"${{ values.host }}/${{ values.org }}/${{ values.repo }}/internal/server"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "${{ values.name }}")
	addr := ":" + envOr("PORT", "8080")

	srv := &http.Server{
		Addr:              addr,
		Handler:           server.New(),
		ReadHeaderTimeout: 5 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		logger.Info("listening", "addr", addr)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("server failed", "error", err)
			stop()
		}
	}()
{%- if values.messaging %}
	logger.Info("consuming", "queues", messaging.Queues)
{%- endif %}

	<-ctx.Done()
	// Finish in-flight requests within Kubernetes' default 30 s grace period.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown failed", "error", err)
		os.Exit(1)
	}
}

func envOr(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok && value != "" {
		return value
	}
	return fallback
}
