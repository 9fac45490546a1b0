export interface paths {
    "/due-work": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Due work within a horizon, overdue included, in due-date order
         * @description JSON by default; CSV with format=csv or Accept: text/csv; iCalendar with format=ics or Accept: text/calendar. Pages follow nextCursor (also in the x-next-cursor header). Stored rows that do not parse are passed over and counted in skippedRows (and the x-skipped-rows header).
         */
        get: operations["listDueWork"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Report tasks raised by the nightly job, by status, soonest due first */
        get: operations["listTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/to-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Trusts to check by hand: rated only under the single assessment framework, so no due date
         * @description A trust whose CQC provider document carries single-assessment results and no core-service ratings gets no due date (none is guessed). It is listed here from the sync or import that read it until a later document rates its services; the fallback recipient is told of it once per assessment.
         */
        get: operations["listTrustsToCheck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/trusts/{trustId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One trust: its core services with due dates, due items, open tasks and holder */
        get: operations["getTrust"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/trusts/{trustId}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What people did with a trust and its items: every action and change, oldest first (JSON or CSV)
         * @description Each record says who, when, what, from and to which status, why, and the dates: open, closed and retired items alike. A record that no longer reads is named under `unreadable` (in the CSV, a row saying so), never hidden. format=csv for a spreadsheet.
         */
        get: operations["listTrustActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/trusts/{trustId}/holder": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign or change a trust's relationship holder (admins)
         * @description A JSON body: name, email and reason. Kept in the trust’s history (GET /trusts/{trustId}/actions, trustChanges). The next nightly run tells the new holder of the trust’s open items; an import keeps the holder unless it names another.
         */
        post: operations["assignTrustHolder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/trusts/{trustId}/checked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a trust to check as checked, with a due date set by hand (admins)
         * @description A JSON body: reason, and optionally dueBy (a date): the nightly run plans the trust’s next assessment for that date until CQC’s data gives one. Kept in the trust’s history.
         */
        post: operations["markTrustChecked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One due item, open or closed: what is due, by when, its status, stages and history
         * @description The item id as /due-work gives it (URL-encoded: `#` is %23). A holder sees only their own trusts' items. An item that closed (no longer due, or its records retired) answers with status `closed`, when and why it closed, and its history; `unreadable` names any action record that no longer reads.
         */
        get: operations["getItem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{itemId}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Act on a due item: acknowledge, book, defer, waive (planners) or reopen
         * @description A JSON body: action, expectedVersion (the state.version of GET /items/{itemId}), and per action: book `on` (a date, a reason if after the due date), defer `until` and `reason`, waive `waiverReason` (and `note` for other), reopen `reason`. A holder acts on their own trusts' items only. Each action is kept as a record no one can change.
         */
        post: operations["actOnItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forecast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How much work falls due: overdue, then per month ahead, grouped by kind, region or holder */
        get: operations["getForecast"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A proposed plan of site visits within the inspection teams' capacity, week by week
         * @description Which week each visit (a location's core services due close together, a trust's well-led inspection, its inspections after a PIR) takes, within each week's capacity in team-days (less in weeks with bank holidays in England); bookings stay in their week, deferrals are not planned before they end, waived items are left out. The fewest items late, then the fewest days late, then the most overdue first; the shortfall says how many more team-days would meet every due date. The deployment's planning settings apply; weeks, capacity and region override them. JSON by default; CSV (a row per item) with format=csv; iCalendar (an event per visit) with format=ics.
         */
        get: operations["getPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The last 30 nightly runs and syncs, newest first: status, counts and problems */
        get: operations["listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The nightly run that started last: its counts, problems and status */
        get: operations["getLatestRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One nightly run or sync, by its id: its counts, problems and status */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the API answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listDueWork: {
        parameters: {
            query?: {
                asOf?: string;
                view?: "queue" | "all";
                within?: string;
                month?: string;
                kind?: string;
                stage?: string;
                trustId?: string;
                region?: string;
                status?: string;
                holder?: string;
                limit?: string;
                cursor?: string;
                format?: "json" | "csv" | "ics";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOf: string;
                        items: {
                            /** @enum {string} */
                            kind: "reinspection" | "report" | "well-led" | "planning-meeting" | "pir-inspections" | "annual-pir" | "use-of-resources";
                            trustId: string;
                            trustName: string | null;
                            region: string | null;
                            locationId: string | null;
                            locationName: string | null;
                            service: string | null;
                            /** @enum {string|null} */
                            rating: "Outstanding" | "Good" | "Requires improvement" | "Inadequate" | null;
                            reference: string | null;
                            basisDate: string;
                            dueBy: string;
                            daysRemaining: number;
                            /** @enum {string} */
                            stage: "scheduled" | "due-soon" | "urgent" | "overdue";
                            relationshipHolder: {
                                name: string;
                                email: unknown;
                            } | null;
                            itemId: string;
                            /** @enum {string} */
                            status: "open" | "booked" | "deferred" | "waived";
                            bookedFor: string | null;
                            deferredUntil: string | null;
                            /** @enum {string|null} */
                            waiverReason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other" | null;
                            acknowledgedBy: string | null;
                        }[];
                        nextCursor: string | null;
                        skippedRows: number;
                    };
                    "text/csv": string;
                    "text/calendar": string;
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query?: {
                status?: "open" | "closed";
                trustId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "open" | "closed";
                        tasks: {
                            taskId: string;
                            trustId: string;
                            inspectionId: string;
                            title: string;
                            dueBy: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            raisedOn: string;
                            /** @default null */
                            closedOn: string | null;
                        }[];
                        skippedRows: number;
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    listTrustsToCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        toCheck: {
                            trustId: string;
                            trustName: string | null;
                            source: string;
                            assessmentDate: string | null;
                            reason: string;
                        }[];
                        skippedRows: number;
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getTrust: {
        parameters: {
            query?: {
                asOf?: string;
            };
            header?: never;
            path: {
                /** @description the trust id, e.g. RM3 */
                trustId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOf: string;
                        trust: {
                            trustId: string;
                            name: string | null;
                            /** @enum {string|null} */
                            sector: "acute" | "mental-health" | "community" | "ambulance" | "combined" | null;
                            region: string | null;
                            relationshipHolder: {
                                name: string;
                                email: unknown;
                            } | null;
                            toCheck: {
                                source: string;
                                /** @default null */
                                assessmentDate: string | null;
                                reason: string;
                            } | null;
                            checked: {
                                by: string;
                                on: string;
                                reason: string;
                                dueBy: string | null;
                            } | null;
                        };
                        coreServices: {
                            locationId: string;
                            locationName: string;
                            service: string;
                            rating: unknown;
                            /** @default null */
                            reportPublishedOn: string | null;
                            dueBy: string | null;
                            daysRemaining: number | null;
                            /** @enum {string|null} */
                            stage: "scheduled" | "due-soon" | "urgent" | "overdue" | null;
                        }[];
                        wellLedInspections: {
                            inspectionId: string;
                            startedOn: string;
                            /** @default null */
                            reportPublishedOn: string | null;
                        }[];
                        providerInformationRequests: {
                            requestId: string;
                            issuedOn: string;
                            /** @default null */
                            planningMeetingOn: string | null;
                        }[];
                        dueItems: {
                            /** @enum {string} */
                            kind: "reinspection" | "report" | "well-led" | "planning-meeting" | "pir-inspections" | "annual-pir" | "use-of-resources";
                            trustId: string;
                            trustName: string | null;
                            region: string | null;
                            locationId: string | null;
                            locationName: string | null;
                            service: string | null;
                            /** @enum {string|null} */
                            rating: "Outstanding" | "Good" | "Requires improvement" | "Inadequate" | null;
                            reference: string | null;
                            basisDate: string;
                            dueBy: string;
                            daysRemaining: number;
                            /** @enum {string} */
                            stage: "scheduled" | "due-soon" | "urgent" | "overdue";
                            relationshipHolder: {
                                name: string;
                                email: unknown;
                            } | null;
                            itemId: string;
                            /** @enum {string} */
                            status: "open" | "booked" | "deferred" | "waived";
                            bookedFor: string | null;
                            deferredUntil: string | null;
                            /** @enum {string|null} */
                            waiverReason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other" | null;
                            acknowledgedBy: string | null;
                        }[];
                        unrated: number;
                        openTasks: {
                            taskId: string;
                            inspectionId: string;
                            title: string;
                            dueBy: string;
                            raisedOn: string;
                        }[];
                        stageHistory: {
                            itemId: string;
                            what: string;
                            on: string;
                            /** @enum {string} */
                            stage: "scheduled" | "due-soon" | "urgent" | "overdue";
                        }[];
                        skippedRows: number;
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    listTrustActions: {
        parameters: {
            query?: {
                format?: "json" | "csv";
            };
            header?: never;
            path: {
                /** @description the trust id, e.g. RM3 */
                trustId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        trustId: string;
                        actions: {
                            itemId: string;
                            version: number;
                            /** @enum {string} */
                            action: "acknowledge" | "book" | "defer" | "waive" | "reopen";
                            /** @enum {string} */
                            from: "open" | "booked" | "deferred" | "waived";
                            /** @enum {string} */
                            to: "open" | "booked" | "deferred" | "waived";
                            by: string;
                            /** @enum {string} */
                            role: "planner" | "holder" | "admin";
                            at: string;
                            reason: string | null;
                            note: string | null;
                            on: string | null;
                            /** @enum {string|null} */
                            waiverReason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other" | null;
                            basisDate: string;
                        }[];
                        trustChanges: {
                            trustId: string;
                            version: number;
                            /** @enum {string} */
                            change: "holder" | "checked";
                            by: string;
                            role: string;
                            at: string;
                            reason: string;
                            holderBefore: {
                                name: string;
                                email: unknown;
                            } | null;
                            holderAfter: {
                                name: string;
                                email: unknown;
                            } | null;
                            dueBy: string | null;
                        }[];
                        unreadable: {
                            itemId: string;
                            version: number;
                            reason: string;
                        }[];
                    };
                    "text/csv": string;
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    assignTrustHolder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the trust id, e.g. RM3 */
                trustId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    email?: string;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        change: {
                            trustId: string;
                            version: number;
                            /** @enum {string} */
                            change: "holder" | "checked";
                            by: string;
                            role: string;
                            at: string;
                            reason: string;
                            holderBefore: {
                                name: string;
                                email: unknown;
                            } | null;
                            holderAfter: {
                                name: string;
                                email: unknown;
                            } | null;
                            dueBy: string | null;
                        };
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    markTrustChecked: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the trust id, e.g. RM3 */
                trustId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                    dueBy?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        change: {
                            trustId: string;
                            version: number;
                            /** @enum {string} */
                            change: "holder" | "checked";
                            by: string;
                            role: string;
                            at: string;
                            reason: string;
                            holderBefore: {
                                name: string;
                                email: unknown;
                            } | null;
                            holderAfter: {
                                name: string;
                                email: unknown;
                            } | null;
                            dueBy: string | null;
                        };
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getItem: {
        parameters: {
            query?: {
                asOf?: string;
            };
            header?: never;
            path: {
                /** @description the item id, e.g. reinspection#RM3#RM317#Maternity */
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOf: string;
                        item: {
                            /** @enum {string} */
                            kind: "reinspection" | "report" | "well-led" | "planning-meeting" | "pir-inspections" | "annual-pir" | "use-of-resources";
                            trustId: string;
                            trustName: string | null;
                            region: string | null;
                            locationId: string | null;
                            locationName: string | null;
                            service: string | null;
                            /** @enum {string|null} */
                            rating: "Outstanding" | "Good" | "Requires improvement" | "Inadequate" | null;
                            reference: string | null;
                            basisDate: string;
                            dueBy: string;
                            daysRemaining: number;
                            /** @enum {string} */
                            stage: "scheduled" | "due-soon" | "urgent" | "overdue";
                            relationshipHolder: {
                                name: string;
                                email: unknown;
                            } | null;
                            itemId: string;
                        };
                        /** @enum {string} */
                        status: "open" | "booked" | "deferred" | "waived" | "closed";
                        closed: {
                            on: string;
                            why: string;
                        } | null;
                        state: {
                            /** @enum {string} */
                            status: "open" | "booked" | "deferred" | "waived";
                            version: number;
                            basisDate: string | null;
                            bookedFor: string | null;
                            deferredUntil: string | null;
                            waiver: {
                                /** @enum {string} */
                                reason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other";
                                note: string | null;
                            } | null;
                            acknowledgedBy: string | null;
                            /** @default null */
                            bookedBy: string | null;
                        } | null;
                        stageHistory: {
                            on: string;
                            /** @enum {string} */
                            stage: "scheduled" | "due-soon" | "urgent" | "overdue";
                        }[];
                        actions: {
                            itemId: string;
                            version: number;
                            /** @enum {string} */
                            action: "acknowledge" | "book" | "defer" | "waive" | "reopen";
                            /** @enum {string} */
                            from: "open" | "booked" | "deferred" | "waived";
                            /** @enum {string} */
                            to: "open" | "booked" | "deferred" | "waived";
                            by: string;
                            /** @enum {string} */
                            role: "planner" | "holder" | "admin";
                            at: string;
                            reason: string | null;
                            note: string | null;
                            on: string | null;
                            /** @enum {string|null} */
                            waiverReason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other" | null;
                            basisDate: string;
                        }[];
                        unreadable: {
                            itemId: string;
                            version: number;
                            reason: string;
                        }[];
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    actOnItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the item id, URL-encoded */
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    action: "acknowledge" | "book" | "defer" | "waive" | "reopen";
                    expectedVersion: number;
                    on?: string;
                    until?: string;
                    reason?: string;
                    note?: string;
                    /** @enum {string} */
                    waiverReason?: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        state: {
                            /** @enum {string} */
                            status: "open" | "booked" | "deferred" | "waived";
                            version: number;
                            basisDate: string | null;
                            bookedFor: string | null;
                            deferredUntil: string | null;
                            waiver: {
                                /** @enum {string} */
                                reason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other";
                                note: string | null;
                            } | null;
                            acknowledgedBy: string | null;
                            /** @default null */
                            bookedBy: string | null;
                        };
                        record: {
                            itemId: string;
                            version: number;
                            /** @enum {string} */
                            action: "acknowledge" | "book" | "defer" | "waive" | "reopen";
                            /** @enum {string} */
                            from: "open" | "booked" | "deferred" | "waived";
                            /** @enum {string} */
                            to: "open" | "booked" | "deferred" | "waived";
                            by: string;
                            /** @enum {string} */
                            role: "planner" | "holder" | "admin";
                            at: string;
                            reason: string | null;
                            note: string | null;
                            on: string | null;
                            /** @enum {string|null} */
                            waiverReason: "inspected-report-awaited" | "service-closed" | "not-applicable" | "duplicate" | "other" | null;
                            basisDate: string;
                        };
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getForecast: {
        parameters: {
            query?: {
                asOf?: string;
                months?: string;
                groupBy?: "kind" | "region" | "holder" | "status";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOf: string;
                        months: number;
                        /** @enum {string} */
                        groupBy: "kind" | "region" | "holder" | "status";
                        horizon: {
                            from: string;
                            to: string;
                            withinDays: number;
                        };
                        total: number;
                        buckets: {
                            period: string;
                            total: number;
                            groups: {
                                [key: string]: number;
                            };
                        }[];
                        skippedRows: number;
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getPlan: {
        parameters: {
            query?: {
                asOf?: string;
                weeks?: string;
                capacity?: string;
                region?: string;
                format?: "json" | "csv" | "ics";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOf: string;
                        firstWeek: string;
                        region: string | null;
                        regions: string[];
                        settings: {
                            capacity: number;
                            coreServiceDays: number;
                            wellLedDays: number;
                            pirInspectionDays: number;
                            groupWeeks: number;
                            weeks: number;
                        };
                        weeks: {
                            week: string;
                            capacity: number;
                            planned: number;
                            bankHolidays: string[];
                        }[];
                        visits: {
                            id: string;
                            week: string;
                            trustId: string;
                            trustName: string | null;
                            locationId: string | null;
                            locationName: string | null;
                            /** @enum {string} */
                            kind: "reinspection" | "well-led" | "pir-inspections";
                            days: number;
                            itemIds: string[];
                            items: {
                                itemId: string;
                                what: string;
                                dueBy: string;
                            }[];
                            fixed: boolean;
                            late: boolean;
                            part: {
                                n: number;
                                of: number;
                            } | null;
                        }[];
                        late: {
                            itemId: string;
                            what: string;
                            dueBy: string;
                            week: string;
                            daysLate: number;
                        }[];
                        notPlanned: {
                            itemId: string;
                            what: string;
                            why: string;
                        }[];
                        lateItems: number;
                        shortfall: {
                            teamDays: number;
                            byWeek: string | null;
                        };
                        solver: {
                            name: string;
                            optimal: boolean;
                            lateBound: number;
                            daysLateGap: number | null;
                            seconds: number;
                        };
                        skippedRows: number;
                    };
                    "text/csv": string;
                    "text/calendar": string;
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runs: {
                            /** @enum {string} */
                            kind: "nightly" | "sync";
                            runId: string;
                            status: string;
                            asOf: string | null;
                            startedAt: string;
                            finishedAt: string | null;
                            counts: {
                                [key: string]: number;
                            };
                            problemCount: number;
                        }[];
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getLatestRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        asOf: string;
                        status: string;
                        startedAt: string;
                        finishedAt: string | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the run id, as GET /runs lists it (a sync’s starts sync:) */
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        asOf: string;
                        status: string;
                        startedAt: string;
                        finishedAt: string | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description signed in, but this is not for your role (or not your trust) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description a parameter is wrong: the error names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description not signed in, or the access token was refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            field: string | null;
                        };
                    };
                };
            };
        };
    };
}
