package dev.fount.operator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The operator application starts against a Kubernetes API (the Fabric8 mock server) and reports live. */
@QuarkusTest
@WithKubernetesTestServer
class OperatorBootTest {

    @Test
    void startsAndIsLive() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
