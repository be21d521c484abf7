package kr.seoul.sane.notification.delivery;

import org.bson.types.Binary;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

import java.util.List;

/** How a {@link MailBody} is stored: BSON binary of its UTF-8 bytes; a body stored as a string earlier reads too. */
@Configuration(proxyBeanMethods = false)
public class MailBodyConversions {

    @Bean
    public MongoCustomConversions mongoCustomConversions() {
        return new MongoCustomConversions(List.of(new ToBinary(), new FromBinary(), new FromString()));
    }

    @WritingConverter
    static final class ToBinary implements Converter<MailBody, Binary> {
        @Override
        public Binary convert(MailBody body) {
            return new Binary(body.utf8View());
        }
    }

    @ReadingConverter
    static final class FromBinary implements Converter<Binary, MailBody> {
        @Override
        public MailBody convert(Binary binary) {
            return MailBody.ofUtf8(binary.getData());
        }
    }

    @ReadingConverter
    static final class FromString implements Converter<String, MailBody> {
        @Override
        public MailBody convert(String text) {
            return MailBody.of(text);
        }
    }
}
