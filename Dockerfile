# Tribune in a container: the same commands as the README, built in one stage, run in a slim one
# as an unprivileged user.
FROM rust:1.95-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/tribune --uid 10001 tribune
COPY --from=build /src/target/release/tribune /usr/local/bin/tribune
COPY --from=build /src/config /etc/tribune
ENV TRIBUNE_CONFIG_DIR=/etc/tribune \
    TRIBUNE_PROFILE=production \
    DATABASE_URL=sqlite:///var/lib/tribune/data/tribune.sqlite3 \
    TRIBUNE_MAIL_DIR=/var/lib/tribune/data/mail
USER tribune
WORKDIR /var/lib/tribune
VOLUME /var/lib/tribune/data
EXPOSE 8080
STOPSIGNAL SIGTERM
CMD ["tribune", "serve"]
