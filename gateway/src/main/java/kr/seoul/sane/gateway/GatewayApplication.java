package kr.seoul.sane.gateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    ClientAddressHeadersFilter clientAddressHeadersFilter(@Value("${sane.gateway.trusted-proxies:}") String trustedProxies) {
        return new ClientAddressHeadersFilter(trustedProxies);
    }
}
